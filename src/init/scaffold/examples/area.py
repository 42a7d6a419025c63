"""Shapes and their areas: the example the guide's pages include."""


# ANCHOR: area
def area(width: float, height: float) -> float:
    return width * height
# ANCHOR_END: area


if __name__ == "__main__":
    print(area(3, 4))
