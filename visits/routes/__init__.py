"""The teacher's evening as a route: the evening's visits in order with travel times, the
printable sheet, map links, and the optimiser that proposes an order and times (OR-Tools)."""
