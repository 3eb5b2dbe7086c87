oidc_secrett = "leak-four-s3cr3t"
