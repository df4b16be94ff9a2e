# The commendation cycle (award catalogue, nominations, council, decisions) lives here.
