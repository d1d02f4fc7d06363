"""The township's side of the mail loop: reply to the office with a filled return.

Reads one JSON job per line on stdin:
  {"host", "port", "user", "password", "from", "to", "subject", "in_reply_to", "file"}
and sends each as a reply with the workbook attached, through SMTP with AUTH, the way
a township's mail client would. Written with Python's own email and smtplib, not
tenglong's code, so the test checks tenglong against an independent sender.
"""
import json
import os
import smtplib
import sys
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

jobs = [json.loads(line) for line in sys.stdin if line.strip()]
if not jobs:
    sys.exit(0)
first = jobs[0]
with smtplib.SMTP(first["host"], first["port"], timeout=30) as s:
    s.login(first["user"], first["password"])
    for j in jobs:
        m = EmailMessage()
        m["From"] = j["from"]
        m["To"] = j["to"]
        m["Subject"] = j["subject"]
        m["Date"] = formatdate(localtime=True)
        m["Message-ID"] = make_msgid(domain="huzhou.test")
        if j.get("in_reply_to"):
            m["In-Reply-To"] = j["in_reply_to"]
        m.set_content("您好，附件是我单位本期的填报表，请查收。\n")
        with open(j["file"], "rb") as f:
            data = f.read()
        m.add_attachment(data, maintype="application",
                         subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         filename=os.path.basename(j["file"]))
        s.send_message(m)
print(len(jobs))
