"""nlmobility: open dashboard for the Green Corridors commitment (Nuevo León Abierto)."""

__version__ = "0.1.0"
