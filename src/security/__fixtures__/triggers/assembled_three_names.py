a = "s"
b = "k_l"
c = "ive_51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee"
STRIPE_KEY = a + b + c
