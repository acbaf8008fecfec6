"""Hand-over of ended agencies' open work to the bodies that took over their functions (issue
15; Resolution 190/2025/QH15). It composes the writes of the rooms it touches (plans.handover,
tracking.handover, registry and reintegration services) and sits below them, beside api and web
(DESIGN.md §4); its rows are plans.Handover and plans.HandoverLine."""
