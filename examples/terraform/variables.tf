variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "allow_guests" {
  type        = bool
  default     = false
  description = "Whether visitors who have not signed in may browse the catalogue."
}
