# A bookshop's identity pool: customers and staff sign in with the shop's user pool.
resource "aws_cognito_user_pool" "shop" {
  name = "bookshop-users"

  schema {
    name                = "role"
    attribute_data_type = "String"
    mutable             = false
  }
}

resource "aws_cognito_user_pool_client" "web" {
  name             = "bookshop-web"
  user_pool_id     = aws_cognito_user_pool.shop.id
  read_attributes  = ["email", "custom:role"]
  write_attributes = ["email"]
}

resource "aws_cognito_identity_pool" "shop" {
  identity_pool_name               = "bookshop"
  allow_unauthenticated_identities = var.allow_guests

  cognito_identity_providers {
    client_id     = aws_cognito_user_pool_client.web.id
    provider_name = aws_cognito_user_pool.shop.endpoint
  }
}
