import smtplib

def send(message):
    server = smtplib.SMTP("smtp.example.org", 587)
    server.starttls()
    server.login("alerts@example.org", "Pr0d-Mail-2024!")
    server.send_message(message)
