"""planpub: publish Vietnamese state-compensation plans as a searchable static site."""

__version__ = "0.1.0"
