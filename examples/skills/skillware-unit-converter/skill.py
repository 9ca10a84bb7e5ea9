from typing import Any, Dict

from skillware.core.base_skill import BaseSkill

# Factors to one base unit per quantity: metre, kilogram, metre per second.
LINEAR = {
    "length": {"mm": 0.001, "cm": 0.01, "m": 1.0, "km": 1000.0, "in": 0.0254, "ft": 0.3048, "yd": 0.9144,
               "mi": 1609.344},
    "mass": {"mg": 1e-6, "g": 0.001, "kg": 1.0, "t": 1000.0, "oz": 0.028349523125, "lb": 0.45359237},
    "speed": {"m/s": 1.0, "km/h": 1 / 3.6, "mph": 0.44704, "kn": 1852 / 3600},
}
TEMPERATURE = {"celsius", "fahrenheit", "kelvin"}


def quantity_of(unit: str) -> str:
    if unit in TEMPERATURE:
        return "temperature"
    for quantity, units in LINEAR.items():
        if unit in units:
            return quantity
    return ""


def to_celsius(value: float, unit: str) -> float:
    return {"celsius": value, "fahrenheit": (value - 32) * 5 / 9, "kelvin": value - 273.15}[unit]


def from_celsius(value: float, unit: str) -> float:
    return {"celsius": value, "fahrenheit": value * 9 / 5 + 32, "kelvin": value + 273.15}[unit]


class UnitConverter(BaseSkill):
    """Converts a value between two units of the same quantity."""

    @property
    def manifest(self) -> Dict[str, Any]:
        return {"name": "utilities/unit_converter", "version": "0.2.0"}

    def execute(self, params: Dict[str, Any]) -> Dict[str, Any]:
        value = params["value"]
        source = params["from_unit"].strip().lower()
        target = params["to_unit"].strip().lower()
        quantities = quantity_of(source), quantity_of(target)
        if "" in quantities:
            unknown = source if quantities[0] == "" else target
            return {"error": f"unknown unit '{unknown}'"}
        if quantities[0] != quantities[1]:
            return {"error": f"cannot convert {quantities[0]} ({source}) to {quantities[1]} ({target})"}
        if quantities[0] == "temperature":
            converted = from_celsius(to_celsius(value, source), target)
        else:
            units = LINEAR[quantities[0]]
            converted = value * units[source] / units[target]
        return {
            "original_value": value,
            "from_unit": source,
            "to_unit": target,
            "quantity": quantities[0],
            "converted_value": round(converted, 6),
        }
