"""nets — neurons, layers and MLPs built only from autograd's public API."""
