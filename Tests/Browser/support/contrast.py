"""WCAG 2.x contrast ratio of text over (possibly translucent) background layers."""


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(rgb):
    r, g, b = rgb[:3]
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def over(top, bottom):
    """Source-over compositing of an RGBA colour on an opaque RGB colour."""
    alpha = top[3]
    return [top[i] * alpha + bottom[i] * (1 - alpha) for i in range(3)]


def flatten(layers):
    """Composites background layers (innermost first, ending with an opaque one) into one RGB colour."""
    result = layers[-1][:3]
    for layer in reversed(layers[:-1]):
        result = over(layer, result)
    return result


def ratio(sample):
    background = flatten(sample["layers"])
    color = list(sample["color"])
    color[3] = color[3] * sample["opacity"]
    foreground = over(color, background)
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
