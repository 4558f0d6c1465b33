"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Dialog } from "~/components/forms/dialog";
import { LabForm } from "./lab-form";

export function NewLabButton() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
      >
        New lab
      </button>
      <Dialog open={open} title="New lab" onClose={() => setOpen(false)}>
        <LabForm lab={null} onSaved={(lab) => router.push(`/labs/${lab.id}`)} />
      </Dialog>
    </>
  );
}
