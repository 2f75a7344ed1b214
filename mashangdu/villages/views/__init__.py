"""The villages' pages: the board by township, villages, imports, 一村一品 and tourism routes."""
