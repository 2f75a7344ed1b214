from mashangdu.villages.models.indicators import FIRST_YEAR, VillageYear, YearTarget
from mashangdu.villages.models.products import Product, ProductCategory
from mashangdu.villages.models.routes import Route, Stop

__all__ = ["FIRST_YEAR", "Product", "ProductCategory", "Route", "Stop", "VillageYear", "YearTarget"]
