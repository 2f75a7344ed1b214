"""The villages' writes: indicators and targets, the indicators' import, 一村一品, tourism routes."""
