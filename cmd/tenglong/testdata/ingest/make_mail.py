# Writes a saved mail (.eml) the way a Chinese mail client sends a return: a GBK
# plain-text body and workbooks attached with GBK names (RFC 2231), with a Date.
# usage: make_mail.py OUT.eml DATE FILE...   (DATE in RFC 2822, e.g. "Mon, 09 Oct 2023 16:20:00 +0800")
import os
import sys
from email.message import EmailMessage
from email import policy

out, date, files = sys.argv[1], sys.argv[2], sys.argv[3:]
msg = EmailMessage(policy=policy.SMTP)
msg["From"] = "德清县经信局 <dq@example.cn>"
msg["To"] = "zgb@example.cn"
msg["Subject"] = "报送：2015年第四季度填报模板"
msg["Date"] = date
msg.set_content("您好，附件是我单位本期报表，请查收。", charset="gbk")
for f in files:
    with open(f, "rb") as fh:
        data = fh.read()
    part_name = os.path.basename(f)
    msg.add_attachment(data, maintype="application",
                       subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       filename=("gbk", "", part_name))
with open(out, "wb") as fh:
    fh.write(msg.as_bytes())
