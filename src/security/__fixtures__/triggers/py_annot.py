API_KEY: str = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
