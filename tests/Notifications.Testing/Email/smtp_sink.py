#!/usr/bin/python3
"""A real SMTP server (aiosmtpd) for the email provider tests.

Every received message is written to DIR as NNNN.eml (the raw DATA) and then NNNN.json (envelope and the
connection it came on; written last, so a .json means the message is complete). Every connection opened
and closed adds a line to DIR/connections.log: "open N" / "close N".

RCPT TO answers by the local part's prefix: tempfail* -> 450 4.2.0, reject* -> 550 5.1.1,
badsyntax* -> 553 5.1.3; anything else is accepted. SMTPUTF8 is offered, as Postfix and Exchange do.

Needs Debian's python3-aiosmtpd (run it with /usr/bin/python3). Runs until killed.
"""
import argparse
import asyncio
import itertools
import json
import os

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

REFUSALS = {
    "tempfail": "450 4.2.0 Mailbox busy",
    "reject": "550 5.1.1 No such user",
    "badsyntax": "553 5.1.3 Bad recipient address syntax",
}


def write_atomically(path, data):
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)


class Handler:
    def __init__(self, directory, data_delay):
        self.directory = directory
        self.data_delay = data_delay
        self.messages = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        for prefix, reply in REFUSALS.items():
            if local.startswith(prefix):
                return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_delay:
            # A slow relay: the message is taken only after this long (lease and shutdown tests).
            await asyncio.sleep(self.data_delay)
        base = os.path.join(self.directory, f"{next(self.messages):04d}")
        write_atomically(base + ".eml", envelope.original_content)
        meta = {
            "mailFrom": envelope.mail_from,
            "rcptTos": envelope.rcpt_tos,
            "connection": session.connection_number,
            "authenticated": bool(session.authenticated),
        }
        write_atomically(base + ".json", json.dumps(meta).encode("utf-8"))
        return "250 2.0.0 OK: queued"


class CountingSMTP(SMTP):
    """Numbers its connections, so tests can tell reuse from reconnects."""

    def __init__(self, *args, log_path, counter, **kwargs):
        super().__init__(*args, **kwargs)
        self.log_path = log_path
        self.counter = counter
        self.number = None

    def log(self, line):
        with open(self.log_path, "a", encoding="ascii") as f:
            f.write(line + "\n")

    def connection_made(self, transport):
        super().connection_made(transport)
        self.number = next(self.counter)
        self.session.connection_number = self.number
        self.log(f"open {self.number}")

    def connection_lost(self, error):
        self.log(f"close {self.number}")
        super().connection_lost(error)


def authenticator_for(credentials):
    user, _, password = credentials.partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok)

    return authenticate


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--idle-timeout", type=float, default=300, help="seconds before an idle connection is closed")
    parser.add_argument("--data-delay", type=float, default=0, help="seconds the relay takes to accept each message")
    parser.add_argument("--auth", help="USER:PASSWORD to offer and require AUTH (without TLS)")
    args = parser.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    loop = asyncio.get_running_loop()
    handler = Handler(args.dir, args.data_delay)
    counter = itertools.count(1)
    log_path = os.path.join(args.dir, "connections.log")
    auth = {}
    if args.auth:
        auth = dict(authenticator=authenticator_for(args.auth), auth_required=True, auth_require_tls=False)

    def factory():
        # hostname is given so aiosmtpd does not look up the machine's FQDN (slow without DNS).
        return CountingSMTP(handler, loop=loop, hostname="sink.test", timeout=args.idle_timeout, enable_SMTPUTF8=True,
                            log_path=log_path, counter=counter, **auth)

    server = await loop.create_server(factory, args.host, args.port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
