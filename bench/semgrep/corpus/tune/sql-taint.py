from flask import request


def build(name):
    return "SELECT * FROM users WHERE name = '" + name + "'"


def search(db):
    name = request.args.get("name")
    query = "SELECT * FROM users WHERE name = '%s'" % name
    # ruleid: flask-sql-taint
    db.execute(query)
    uid = int(request.form["id"])
    # ok: flask-sql-taint
    db.execute("SELECT * FROM users WHERE id = %d" % uid)
    # ok: flask-sql-taint
    db.execute("SELECT * FROM users WHERE name = ?", (name,))
    # ruleid: flask-sql-taint
    db.execute(build(name))
    constant = "admin"
    # ok: flask-sql-taint
    db.execute(build(constant))
