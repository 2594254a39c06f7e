# Which role each sign-in gets: staff by their custom:role claim, everyone else the customer role.
resource "aws_cognito_identity_pool_roles_attachment" "shop" {
  identity_pool_id = aws_cognito_identity_pool.shop.id

  roles = {
    authenticated = aws_iam_role.customer.arn
  }

  role_mapping {
    identity_provider         = "${aws_cognito_user_pool.shop.endpoint}:${aws_cognito_user_pool_client.web.id}"
    type                      = "Rules"
    ambiguous_role_resolution = "AuthenticatedRole"

    mapping_rule {
      claim      = "custom:role"
      match_type = "Equals"
      value      = "staff"
      role_arn   = aws_iam_role.staff.arn
    }
  }
}

data "aws_iam_policy_document" "signed_in" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["cognito-identity.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "cognito-identity.amazonaws.com:aud"
      values   = [aws_cognito_identity_pool.shop.id]
    }
    condition {
      test     = "ForAnyValue:StringLike"
      variable = "cognito-identity.amazonaws.com:amr"
      values   = ["authenticated"]
    }
  }
}

resource "aws_iam_role" "customer" {
  name               = "bookshop-customer"
  assume_role_policy = data.aws_iam_policy_document.signed_in.json
}

resource "aws_iam_role" "staff" {
  name               = "bookshop-staff"
  assume_role_policy = data.aws_iam_policy_document.signed_in.json

  inline_policy {
    name = "orders"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["dynamodb:GetItem", "dynamodb:UpdateItem"], Resource = "*" }]
    })
  }
}
