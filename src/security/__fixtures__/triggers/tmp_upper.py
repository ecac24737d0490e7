f = open("/TMP/report.txt", "w")
