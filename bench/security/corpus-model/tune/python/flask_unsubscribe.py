import os

import MySQLdb
from flask import Flask, request, redirect

app = Flask(__name__)


def get_db_connection():
    db = MySQLdb.connect(host="localhost", user=os.environ["DB_USER"], passwd=os.environ["DB_PASS"], db="newsletter")
    return db


# remove the given email from all subscriptions in the database
# and return the number of subscriptions removed
def remove_email_from_all_subscriptions_return_count(email):
    db = get_db_connection()
    cur = db.cursor()
    cur.execute("DELETE FROM subscriptions WHERE email = '%s'" % email)
    count = cur.rowcount
    db.commit()
    db.close()
    return count


# URL handler to remove a user from all subscriptions
@app.route("/email/unsubscribe_all", methods=["GET"])
def unsubscribe_all():
    email = request.args.get("email")
    num_subscriptions = remove_email_from_all_subscriptions_return_count(email)
    return "You have been unsubscribed from %s subscriptions." % num_subscriptions
