"""An e-mail backend that refuses one address, to test that one failure spares the others."""

from smtplib import SMTPRecipientsRefused

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            if any(address.startswith("refused@") for address in message.to):
                raise SMTPRecipientsRefused(dict.fromkeys(message.to, (550, b"No such user")))
        return super().send_messages(messages)
