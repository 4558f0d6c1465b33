"use client";
// Endpoints × endpoints, grouped by site. Only the cells on screen are in the DOM (a 1,000-endpoint
// team expanded fully would be 1M cells): row and column headers scroll with the cell area, and
// the visible window is recomputed from the scroll offsets. Keyboard: Tab into the grid, arrows
// move, Enter explains the cell's path; the row and column headers are buttons that expand or
// collapse a site.
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { gradeStyle } from "./grades";
import { type AxisItem, type CellSummary, describeCell, type MatrixModel } from "./matrix-model";

const cell = 24;
const rowHeaderWidth = 230;
const columnHeaderHeight = 130;
const overscan = 2;

const gradeLabels = Object.fromEntries(
  Object.entries(gradeStyle).map(([grade, style]) => [grade, style.label]),
) as Record<keyof typeof gradeStyle, string>;

export interface ReachabilityMatrixProps {
  model: MatrixModel;
  expanded: ReadonlySet<string>;
  onToggleGroup: (groupId: string) => void;
  onOpenCell: (row: AxisItem, column: AxisItem, summary: CellSummary) => void;
  height?: number;
}

export function ReachabilityMatrix({
  model,
  expanded,
  onToggleGroup,
  onOpenCell,
  height = 560,
}: ReachabilityMatrixProps) {
  const axis = useMemo(() => model.axis(expanded), [model, expanded]);
  const scroller = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, left: 0, width: 800, height: height - columnHeaderHeight });
  const [active, setActive] = useState({ row: 0, column: 0 });
  const size = axis.length * cell;

  const measure = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    setScroll({
      top: element.scrollTop,
      left: element.scrollLeft,
      width: element.clientWidth,
      height: element.clientHeight,
    });
  }, []);
  useEffect(() => {
    measure();
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure]);
  useEffect(() => {
    setActive((current) => ({
      row: Math.min(current.row, axis.length - 1),
      column: Math.min(current.column, axis.length - 1),
    }));
  }, [axis.length]);

  const rows = windowOf(scroll.top, scroll.height, axis.length);
  const columns = windowOf(scroll.left, scroll.width, axis.length);

  function moveTo(row: number, column: number) {
    const next = {
      row: Math.max(0, Math.min(axis.length - 1, row)),
      column: Math.max(0, Math.min(axis.length - 1, column)),
    };
    setActive(next);
    const element = scroller.current;
    if (!element) return;
    // Keep the active cell on screen.
    if (next.row * cell < element.scrollTop) element.scrollTop = next.row * cell;
    if ((next.row + 1) * cell > element.scrollTop + element.clientHeight)
      element.scrollTop = (next.row + 1) * cell - element.clientHeight;
    if (next.column * cell < element.scrollLeft) element.scrollLeft = next.column * cell;
    if ((next.column + 1) * cell > element.scrollLeft + element.clientWidth)
      element.scrollLeft = (next.column + 1) * cell - element.clientWidth;
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, Math.floor(scroll.height / cell) - 1);
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      PageUp: [-page, 0],
      PageDown: [page, 0],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      moveTo(active.row + move[0], active.column + move[1]);
    } else if (event.key === "Home") {
      event.preventDefault();
      moveTo(active.row, 0);
    } else if (event.key === "End") {
      event.preventDefault();
      moveTo(active.row, axis.length - 1);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      const row = axis[active.row];
      const column = axis[active.column];
      if (row && column) onOpenCell(row, column, model.cell(row, column));
    }
  }

  const activeId = `matrix-cell-${active.row}-${active.column}`;
  return (
    <div className="rounded-lg border border-slate-200 bg-white text-xs" style={{ height }}>
      <div className="flex" style={{ height: columnHeaderHeight }}>
        <div
          style={{ width: rowHeaderWidth }}
          className="flex shrink-0 items-end border-r border-b border-slate-200 p-2 text-slate-500"
        >
          from ↓ · to →
        </div>
        <div className="relative flex-1 overflow-hidden border-b border-slate-200">
          {columns.map((index) => (
            <HeaderButton
              key={axis[index]!.key}
              item={axis[index]!}
              vertical
              style={{ left: index * cell - scroll.left, width: cell, height: columnHeaderHeight }}
              onToggle={onToggleGroup}
              group={model.view.groups[axis[index]!.groupIndex]!.id}
            />
          ))}
        </div>
      </div>
      <div className="flex" style={{ height: height - columnHeaderHeight - 2 }}>
        <div
          style={{ width: rowHeaderWidth }}
          className="relative shrink-0 overflow-hidden border-r border-slate-200"
        >
          {rows.map((index) => (
            <HeaderButton
              key={axis[index]!.key}
              item={axis[index]!}
              style={{ top: index * cell - scroll.top, height: cell, width: rowHeaderWidth }}
              onToggle={onToggleGroup}
              group={model.view.groups[axis[index]!.groupIndex]!.id}
            />
          ))}
        </div>
        {/* biome-ignore lint/a11y/useSemanticElements: a virtualised grid of absolutely placed cells cannot be a <table> */}
        <div
          ref={scroller}
          role="grid"
          aria-label={`Reachability matrix, ${axis.length} rows and columns; arrows move, Enter explains the path`}
          aria-rowcount={axis.length}
          aria-colcount={axis.length}
          aria-activedescendant={activeId}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onScroll={measure}
          className="relative flex-1 overflow-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-sky-600"
          data-testid="matrix-grid"
        >
          <div style={{ width: size, height: size }} className="relative">
            {rows.flatMap((rowIndex) =>
              columns.map((columnIndex) => {
                const row = axis[rowIndex]!;
                const column = axis[columnIndex]!;
                const summary = model.cell(row, column);
                const isActive = rowIndex === active.row && columnIndex === active.column;
                const mixed =
                  !summary.self && summary.counts.blocked > 0 && summary.counts.blocked < summary.total;
                const label = `${row.label} → ${column.label}: ${describeCell(summary, gradeLabels)}`;
                return (
                  // biome-ignore lint/a11y/useSemanticElements lint/a11y/useKeyWithClickEvents lint/a11y/useFocusableInteractive: the grid owns focus (aria-activedescendant) and handles the keys
                  <div
                    key={`${row.key}|${column.key}`}
                    id={`matrix-cell-${rowIndex}-${columnIndex}`}
                    role="gridcell"
                    aria-label={label}
                    aria-rowindex={rowIndex + 1}
                    aria-colindex={columnIndex + 1}
                    title={label}
                    data-grade={summary.self ? "self" : summary.grade}
                    onClick={() => {
                      setActive({ row: rowIndex, column: columnIndex });
                      onOpenCell(row, column, summary);
                    }}
                    style={{ top: rowIndex * cell, left: columnIndex * cell, width: cell, height: cell }}
                    className={`absolute cursor-pointer border border-white ${
                      summary.self ? "bg-slate-100" : gradeStyle[summary.grade].cell
                    } ${row.type === "group" || column.type === "group" ? "opacity-95" : ""} ${
                      isActive ? "z-10 outline outline-2 outline-slate-900" : ""
                    }`}
                  >
                    {mixed && <span className="absolute right-0 bottom-0 h-2 w-2 bg-slate-400" />}
                  </div>
                );
              }),
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

function windowOf(offset: number, extent: number, count: number): number[] {
  const first = Math.max(0, Math.floor(offset / cell) - overscan);
  const last = Math.min(count - 1, Math.ceil((offset + extent) / cell) + overscan);
  const indexes: number[] = [];
  for (let index = first; index <= last; index++) indexes.push(index);
  return indexes;
}

function HeaderButton({
  item,
  style,
  vertical = false,
  onToggle,
  group,
}: {
  item: AxisItem;
  style: React.CSSProperties;
  vertical?: boolean;
  onToggle: (groupId: string) => void;
  group: string;
}) {
  const isGroup = item.type === "group";
  const text = (
    <>
      {isGroup && <span aria-hidden="true">{item.expanded ? "▾ " : "▸ "}</span>}
      <span className={isGroup ? "font-semibold text-slate-900" : "text-slate-700"}>{item.label}</span>
      <span className="text-slate-500"> {item.detail}</span>
    </>
  );
  const base = `absolute truncate text-left ${vertical ? "px-0.5 py-1 [writing-mode:vertical-rl] rotate-180" : "px-2 leading-6"} ${
    isGroup ? "bg-slate-50" : "bg-white pl-5"
  }`;
  if (!isGroup) {
    return (
      <div style={style} className={base} title={`${item.label} ${item.detail}`}>
        {text}
      </div>
    );
  }
  return (
    <button
      type="button"
      style={style}
      className={`${base} hover:bg-sky-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-sky-600`}
      aria-expanded={item.expanded}
      aria-label={`${item.expanded ? "Collapse" : "Expand"} ${item.label} (${item.detail})`}
      title={`${item.expanded ? "Collapse" : "Expand"} ${item.label}: ${item.detail}`}
      onClick={() => onToggle(group)}
    >
      {text}
    </button>
  );
}

export function MatrixLegend() {
  return (
    <ul className="flex flex-wrap gap-3 text-xs text-slate-700" aria-label="Legend">
      {Object.entries(gradeStyle).map(([grade, style]) => (
        <li key={grade} className="flex items-center gap-1">
          <span className={`inline-block h-3 w-3 rounded-sm ${style.cell}`} />
          {style.label}
        </li>
      ))}
      <li className="flex items-center gap-1">
        <span className="relative inline-block h-3 w-3 rounded-sm bg-emerald-500">
          <span className="absolute right-0 bottom-0 h-1.5 w-1.5 bg-slate-400" />
        </span>
        some pairs without a path
      </li>
    </ul>
  );
}
