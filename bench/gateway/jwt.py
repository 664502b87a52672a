"""Prints an Ed25519 key file line for the gateway and an EdDSA JWT signed with the key
(bench/scenarios/gateway.sh): python3 jwt.py <keyfile> <tenant> <issuer> <audience>."""
import base64, json, sys, time
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

keyfile, tenant, issuer, audience = sys.argv[1:5]
key = Ed25519PrivateKey.generate()
public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
with open(keyfile, "w") as f:
    f.write("bench EdDSA " + base64.b64encode(public).decode() + "\n")
header = {"alg": "EdDSA", "typ": "JWT", "kid": "bench"}
claims = {"iss": issuer, "aud": audience, "sub": "bench-user", "tenant": tenant, "exp": int(time.time()) + 86400}
signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
print(signing_input + "." + b64url(key.sign(signing_input.encode())))
