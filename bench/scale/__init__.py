"""Scale data for the benchmarks, built by ``manage.py seed_scale``: ``campaigns`` (the
organisation and the emulation cycles) then ``awards`` (people, history, nominations, council).
"""
