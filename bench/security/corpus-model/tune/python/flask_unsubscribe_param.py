import os

import MySQLdb
from flask import Flask, request

app = Flask(__name__)


def get_db_connection():
    return MySQLdb.connect(host="localhost", user=os.environ["DB_USER"], passwd=os.environ["DB_PASS"], db="newsletter")


def remove_email_from_all_subscriptions_return_count(email):
    db = get_db_connection()
    cur = db.cursor()
    cur.execute("DELETE FROM subscriptions WHERE email = %s", (email,))
    count = cur.rowcount
    db.commit()
    db.close()
    return count


@app.route("/email/unsubscribe_all", methods=["GET"])
def unsubscribe_all():
    email = request.args.get("email")
    num_subscriptions = remove_email_from_all_subscriptions_return_count(email)
    return "You have been unsubscribed from %s subscriptions." % num_subscriptions
