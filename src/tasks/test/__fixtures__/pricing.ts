/** A realistic function whose first generated tests miss a boundary, and the model's two rounds of tests. */

export const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\n\`\`\``;

export const PRICING = `def shipping_cost(weight_kg: float, express: bool = False) -> float:
    """Shipping cost: free up to 1 kg, then 4.50 per started kg; express doubles it."""
    if weight_kg <= 1:
        return 0.0
    cost = 4.5 * int(weight_kg)
    if weight_kg > int(weight_kg):
        cost += 4.5
    if express:
        cost = cost * 2
    return round(cost, 2)


def parcel_count(items: list) -> int:
    return len(items) // 10 + 1
`;

/** Round one: plausible tests that never try the 1 kg boundary, and one wrong expectation. */
export const FIRST_ROUND = `Here are tests for shipping_cost.

${fence(
  'python',
  `from pricing import shipping_cost


def test_light_parcel_is_free():
    assert shipping_cost(0.5) == 0.0


def test_whole_kilograms():
    assert shipping_cost(3) == 13.5


def test_started_kilogram_counts():
    assert shipping_cost(2.5) == 13.5


def test_express_doubles():
    assert shipping_cost(2.5, express=True) == 27.0


def test_two_kilograms():
    assert shipping_cost(2) == 10.0`,
)}`;

/** Round two, aimed at the survivors: the boundary itself. */
export const SECOND_ROUND = fence(
  'python',
  `from pricing import shipping_cost


def test_exactly_one_kilogram_is_free():
    assert shipping_cost(1) == 0.0


def test_just_over_one_kilogram():
    assert shipping_cost(1.2) == 9.0`,
);

