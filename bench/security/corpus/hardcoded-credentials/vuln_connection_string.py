from sqlalchemy import create_engine

engine = create_engine("postgresql://app:Wq7uT3nZ5yB1@db.internal:5432/shop")
