from dataclasses import dataclass


class Forbidden(Exception):
    pass


@dataclass
class User:
    id: int
    roles: set[str]

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles


def delete_account(actor: User, target_id: int, repo) -> None:
    assert actor.is_admin, "only admins may delete accounts"
    repo.delete_user(target_id)


def suspend_account(actor: User, target_id: int, repo) -> None:
    if not actor.is_admin:
        raise Forbidden("only admins may suspend accounts")
    repo.suspend_user(target_id)


def rename_account(actor: User, target_id: int, new_name: str, repo) -> None:
    assert isinstance(new_name, str)
    if actor.id != target_id and not actor.is_admin:
        raise Forbidden("cannot rename other users")
    repo.rename_user(target_id, new_name.strip())
