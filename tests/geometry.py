"""Geometry of a drawn figure's texts, in display coordinates: whether labels overlap each
other or the shapes they label. Shared by the tests of the network and graph pictures."""

import numpy as np


def corners(text, renderer):
    """The four corners, in display coordinates, of a text's box turned with the text: the box
    of the text laid flat, aligned to its anchor as the text asks, turned about the anchor
    (matplotlib's ``rotation_mode="anchor"``; a text that is not turned is the same either way)."""
    rotation = text.get_rotation()
    assert rotation == 0 or text.get_rotation_mode() == "anchor", "a turned text is measured about its anchor"
    text.set_rotation(0)
    box = text.get_window_extent(renderer)
    text.set_rotation(rotation)
    anchor = np.array(text.get_transform().transform(text.get_position()))
    angle = np.radians(rotation)
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    flat = [np.array(p) for p in [(box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)]]
    return [anchor + turn @ (p - anchor) for p in flat]


def apart(a, b) -> bool:
    """Whether two convex polygons do not overlap: some edge of one separates them."""
    for poly in (a, b):
        for i in range(len(poly)):
            edge = poly[(i + 1) % len(poly)] - poly[i]
            normal = np.array([-edge[1], edge[0]])
            pa, pb = [p @ normal for p in a], [p @ normal for p in b]
            if max(pa) < min(pb) or max(pb) < min(pa):
                return True
    return False


def clear_of_circle(corners, centre, radius) -> bool:
    """Whether a convex polygon stays outside a circle."""
    def cross(u, v):
        return u[0] * v[1] - u[1] * v[0]

    sides = [cross(corners[(i + 1) % 4] - corners[i], centre - corners[i]) for i in range(4)]
    inside = all(s >= 0 for s in sides) or all(s <= 0 for s in sides)
    if inside:
        return False
    for i in range(4):
        p, q = corners[i], corners[(i + 1) % 4]
        t = np.clip(np.dot(centre - p, q - p) / np.dot(q - p, q - p), 0, 1)
        if np.linalg.norm(p + t * (q - p) - centre) < radius:
            return False
    return True
