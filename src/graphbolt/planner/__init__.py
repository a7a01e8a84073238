"""The planner: validated AST -> logical plan (operators holding AST expressions)."""

from graphbolt.planner._build import plan, plan_subquery
from graphbolt.planner._cache import PlanCache
from graphbolt.planner._index_seek import planning_indexes
from graphbolt.planner._logical import LogicalOp, LogicalPlan

__all__ = ["LogicalOp", "LogicalPlan", "PlanCache", "plan", "plan_subquery", "planning_indexes"]
