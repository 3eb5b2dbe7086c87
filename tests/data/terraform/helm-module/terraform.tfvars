oidc_issuer    = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_uiIFNdacd"
oidc_client_id = "4kdq0examplec1ient1d"
