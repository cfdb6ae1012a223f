"""The public face: the list of bodies and each body's 政府信息公开专栏."""
