import { expect, test } from "@playwright/test";
import { signInAsDemo, trpcCall } from "../helpers";

test("the Leases page pages by its page size: one page of leases shows no pager, never 'Page 1 of Infinity'", async ({
  page,
}) => {
  await signInAsDemo(page);
  const listed = await trpcCall(page.request, "lease.list", { pageSize: 50 }, { kind: "query" });
  const total: number = listed.body.result.data.json.total;
  expect(total).toBeGreaterThan(0);
  await page.goto("/leases");
  await expect(page.getByRole("table", { name: "Leases" }).getByRole("row").nth(1)).toBeVisible();
  const pager = page.getByRole("navigation", { name: "Pagination" });
  if (total <= 50) await expect(pager).toHaveCount(0);
  else await expect(pager).toContainText(`Page 1 of ${Math.ceil(total / 50)}`);
  await expect(page.getByText(/Infinity/)).toHaveCount(0);
});
