import ssl

def client_context():
    return ssl.create_default_context(cafile="/etc/ssl/internal-ca.pem")
