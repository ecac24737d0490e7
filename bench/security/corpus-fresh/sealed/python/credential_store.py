import hashlib
import random
import secrets

import bcrypt


class CredentialStore:
    def __init__(self, db):
        self.db = db

    def set_password(self, user_id: int, password: str) -> None:
        digest = hashlib.sha256(password.encode()).hexdigest()
        self.db.execute("UPDATE users SET pw = ? WHERE id = ?", (digest, user_id))

    def set_password_bcrypt(self, user_id: int, password: str) -> None:
        hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))
        self.db.execute("UPDATE users SET pw = ? WHERE id = ?", (hashed, user_id))

    def issue_login_otp(self, user_id: int) -> str:
        code = f"{random.randint(0, 999999):06d}"
        self.db.execute("INSERT INTO otps (user_id, code) VALUES (?, ?)", (user_id, code))
        return code

    def issue_backup_code(self, user_id: int) -> str:
        code = f"{secrets.randbelow(10**10):010d}"
        self.db.execute("INSERT INTO backup_codes (user_id, code) VALUES (?, ?)", (user_id, code))
        return code


def gravatar_url(email: str) -> str:
    h = hashlib.md5(email.strip().lower().encode()).hexdigest()
    return f"https://www.gravatar.com/avatar/{h}"
