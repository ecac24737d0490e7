const apiKey: string = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
export default apiKey;
