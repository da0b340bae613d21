"""Independent check of the MIME we send: parses an .eml with Python's `email` package and
prints what the Rust tests assert on, as JSON."""
import email
import email.policy
import json
import sys

with open(sys.argv[1], "rb") as handle:
    message = email.message_from_binary_file(handle, policy=email.policy.default)

parts = []
if message.is_multipart():
    for part in message.iter_parts():
        parts.append({"content_type": part.get_content_type(), "content": part.get_content()})
print(json.dumps({
    "content_type": message.get_content_type(),
    "message_id": message["Message-ID"],
    "in_reply_to": message["In-Reply-To"],
    "references": message["References"],
    "subject": message["Subject"],
    "from": message["From"],
    "to": message["To"],
    "list_unsubscribe": message["List-Unsubscribe"],
    "list_unsubscribe_post": message["List-Unsubscribe-Post"],
    "dkim_signature": message["DKIM-Signature"],
    "parts": parts,
    "defects": [str(d) for d in message.defects],
}))
