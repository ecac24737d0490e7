import random

def send_reset(user, mailer):
    reset_code = random.randint(100000, 999999)
    mailer.send(user.email, "Your code is %d" % reset_code)
