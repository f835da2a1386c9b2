"""One module per `ladder` subcommand, each exposing `command`."""
