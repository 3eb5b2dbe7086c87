#!/usr/bin/env python3
"""Writes a deterministic corpus of N `.env` files for the lint benchmark (bench/lint-vs-dotenv-linter.sh).

Usage: corpus.py N DIR

The files sit 20 to a directory (DIR/svc-0000/, DIR/svc-0001/, ...), named `.env`, `.env.<stage>`
and `<service>.env`, so that both tools find them by name. Each has 12 to 20 lines: the SSO settings
of a W&B Server (OIDC issuer of one of several providers, client id, auth method, HOST, session
length, ...), unrelated application variables, comments and blank lines. About one file in ten
has a problem iamconf reports (an auth method in capitals, a Cognito issuer with implicit, a
duplicated variable, a session length with a unit) and one in twenty a line dotenv-linter reports
(a lower-case key, a space around `=`).
"""
import os
import random
import sys

ISSUERS = [
    "https://example.okta.com/oauth2/default",
    "https://login.microsoftonline.com/0b0f7c3e-2d5a-4c47-9c4e-8a1c2f3b4d5e/v2.0",
    "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123xyz",
    "https://accounts.google.com",
    "https://keycloak.example.com/realms/wandb",
    "https://example.us.auth0.com/",
]
APP = [
    "DATABASE_POOL_SIZE=20",
    "LOG_LEVEL=info",
    "FEATURE_FLAGS=beta,new-ui",
    "REDIS_TIMEOUT_MS=250",
    "WORKERS=4",
    "REGION=us-east-2",
    "TZ=UTC",
    "CACHE_TTL=300",
]
STAGES = ["local", "staging", "production", "test"]


def env_file(rng: random.Random, i: int) -> str:
    issuer = ISSUERS[i % len(ISSUERS)]
    method = "implicit" if "cognito" not in issuer and "microsoftonline" not in issuer else "pkce"
    lines = [
        f"# service {i}: W&B Server SSO",
        f"HOST=https://wandb-{i}.example.com",
        f"OIDC_ISSUER={issuer}",
        f"OIDC_CLIENT_ID=client-{i:05d}",
        f"OIDC_AUTH_METHOD={method}",
        f"GORILLA_SESSION_LENGTH={rng.choice([24, 72, 720])}h",
        "",
        "# application",
    ]
    lines += rng.sample(APP, rng.randint(4, len(APP)))
    if rng.random() < 0.5:
        lines.append(f"SENTRY_RELEASE=wandb-{i}")
    problem = rng.random()
    if problem < 0.025:
        lines[4] = "OIDC_AUTH_METHOD=PKCE"
    elif problem < 0.05:
        lines[2] = "OIDC_ISSUER=https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123xyz"
        lines[4] = "OIDC_AUTH_METHOD=implicit"
    elif problem < 0.075:
        lines.append(lines[3])
    elif problem < 0.1:
        lines[5] = "SESSION_LENGTH=720h"
    if rng.random() < 0.05:
        lines.append(rng.choice(["log_format=json", "RETRIES = 3"]))
    return "\n".join(lines) + "\n"


def main() -> None:
    n, root = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(14)
    for i in range(n):
        d = os.path.join(root, f"svc-{i // 20:04d}")
        if i % 20 == 0:
            os.makedirs(d, exist_ok=True)
        k = i % 20
        name = ".env" if k == 0 else (f".env.{STAGES[k % 4]}{k}" if k % 2 else f"service{k}.env")
        with open(os.path.join(d, name), "w") as f:
            f.write(env_file(rng, i))


if __name__ == "__main__":
    main()
