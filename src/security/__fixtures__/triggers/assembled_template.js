const head = "sk_li";
export const stripeKey = `${head}ve_51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee`;
