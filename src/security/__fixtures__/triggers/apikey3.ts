const apiKEY = "sk_live_51Hx7qLm2KpR9vT3wZ8yB4nC6";
export default apiKEY;
