RELEASE_COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8"
REQUEST_ID = "123e4567-e89b-12d3-a456-426614174000"
PASSWORD_FIELD = "password"
TOKEN_URL = "https://auth.example.com/oauth/token"
