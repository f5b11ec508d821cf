import type { ReactNode } from "react";
import { TableScroll } from "@/components/ui/table-scroll";

export interface ConsultationRow {
  id: string;
  /** The slot as formatSlot() shows it, with its time zone. */
  when: string;
  /** The other side: the investor who booked it ("Open" while nobody has), or the advisor. */
  who: string;
  topic: string | null;
  /** How the call happens (phone or video, with its number or link). */
  how: string;
  action: ReactNode;
}

/** Upcoming consultations, as an advisor or an investor sees theirs. */
export function ConsultationTable({ caption, whoHeading, rows }: { caption: string; whoHeading: string; rows: ConsultationRow[] }) {
  return (
    <TableScroll label="Consultations">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">{whoHeading}</th>
            <th scope="col">Topic</th>
            <th scope="col">How</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>{row.when}</td>
              <td>{row.who}</td>
              <td>{row.topic ?? <span className="muted">None given</span>}</td>
              <td className="wrap-anywhere">{row.how}</td>
              <td>{row.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
