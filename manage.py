#!/usr/bin/env python
"""Django's usual entry point; `okrum` is the same with a friendlier name."""

from okrum.__main__ import main

if __name__ == "__main__":
    main()
