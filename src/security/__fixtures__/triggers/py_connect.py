import MySQLdb
db = MySQLdb.connect("localhost", "webapp", "s3cr3t", "shop")
