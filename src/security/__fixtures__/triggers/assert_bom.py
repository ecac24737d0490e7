assert user.is_admin
